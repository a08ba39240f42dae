"""Support: message threads, and the customer's time-limited grant that lets support read their register."""
