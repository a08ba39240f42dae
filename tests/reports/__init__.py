"""Reports: the register report, labels, the claim pack."""
