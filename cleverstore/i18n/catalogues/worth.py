"""What is owned and what it is worth: the words every total, list and report uses for them."""

PREFIXES = ('worth',)

SV = {
    "worth.not_counted_label": "Räknas inte",
    "worth.not_counted": "{count} sålda eller kasserade föremål räknas inte i summorna.",
    "worth.pager_not_counted": "varav {count} sålda/kasserade som inte räknas",
    "worth.unit_price": "Á-pris",
    "worth.value_now_sum": "Värde nu, summa",
    "worth.pieces_sum": "{quantity} st, inköp summa {sum}",
    "worth.sum": "Summa",
    "worth.labels_include_not_owned": "Ta med sålda och kasserade föremål",
}

EN = {
    "worth.not_counted_label": "Not counted",
    "worth.not_counted": "{count} sold or discarded objects are not counted in the totals.",
    "worth.pager_not_counted": "of which {count} sold/discarded, not counted",
    "worth.unit_price": "Unit price",
    "worth.value_now_sum": "Value now, total",
    "worth.pieces_sum": "{quantity} pcs, purchase total {sum}",
    "worth.sum": "Total",
    "worth.labels_include_not_owned": "Include sold and discarded objects",
}
