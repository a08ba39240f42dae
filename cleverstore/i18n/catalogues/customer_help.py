"""The admin's help for one customer: a new verification link, a lost second factor."""

PREFIXES = ('customer_help',)

SV = {
    "customer_help.help_title": "Hjälp kunden",
    "customer_help.email_verified_yes": "E-postadressen är bekräftad.",
    "customer_help.email_verified_no": "E-postadressen är inte bekräftad.",
    "customer_help.resend_verification": "Skicka ny verifieringslänk",
    "customer_help.resend_verification_done": "En ny verifieringslänk är skickad till kunden.",
    "customer_help.second_factor_on": "Kunden har tvåstegsinloggning.",
    "customer_help.second_factor_off": "Kunden har ingen tvåstegsinloggning.",
    "customer_help.removal_lead": "Har kunden tappat sin andra faktor? Skriv hur kunden styrkt sin identitet. En annan administratör måste godkänna; sedan får kunden en länk till den bekräftade adressen och måste öppna den. Därefter gäller en väntetid då kunden kan stoppa borttagningen. Registret visas aldrig här: det kräver kundens eget tillstånd för supporten.",
    "customer_help.removal_propose": "Föreslå att tvåstegsinloggningen tas bort",
    "customer_help.removal_proposed_done": "Förslaget är sparat. En annan administratör måste godkänna det.",
    "customer_help.removal_stage_proposed": "Föreslaget av {admin}: en annan administratör måste godkänna.",
    "customer_help.removal_approve": "Godkänn som andra administratör",
    "customer_help.removal_approved_done": "Godkänt. Kunden har fått en länk att bekräfta.",
    "customer_help.removal_stage_link_sent": "Länken är skickad till kundens bekräftade adress. Inget händer förrän kunden öppnar den.",
    "customer_help.removal_stage_waiting": "Kunden har bekräftat. Tvåstegsinloggningen tas bort {when} om kunden inte stoppar det.",
    "customer_help.removal_reason": "Hur styrkte kunden sin identitet? (skäl)",
}

EN = {
    "customer_help.help_title": "Help the customer",
    "customer_help.email_verified_yes": "The e-mail address is confirmed.",
    "customer_help.email_verified_no": "The e-mail address is not confirmed.",
    "customer_help.resend_verification": "Send a new verification link",
    "customer_help.resend_verification_done": "A new verification link was sent to the customer.",
    "customer_help.second_factor_on": "The customer uses two-step login.",
    "customer_help.second_factor_off": "The customer has no two-step login.",
    "customer_help.removal_lead": "Has the customer lost their second factor? Write how the customer proved who they are. Another admin must approve; then the customer gets a link at the confirmed address and must open it. A waiting period follows in which the customer can stop the removal. The register is never shown here: that needs the customer's own permission for support.",
    "customer_help.removal_propose": "Propose removing the two-step login",
    "customer_help.removal_proposed_done": "The proposal is saved. Another admin must approve it.",
    "customer_help.removal_stage_proposed": "Proposed by {admin}: another admin must approve.",
    "customer_help.removal_approve": "Approve as the second admin",
    "customer_help.removal_approved_done": "Approved. The customer got a link to confirm.",
    "customer_help.removal_stage_link_sent": "The link went to the customer's confirmed address. Nothing happens until the customer opens it.",
    "customer_help.removal_stage_waiting": "The customer confirmed. Two-step login is removed {when} unless the customer stops it.",
    "customer_help.removal_reason": "How did the customer prove who they are? (reason)",
}
