"""Building blocks every domain uses: errors, validation, money, time, tokens, activity and audit logs, mail."""
