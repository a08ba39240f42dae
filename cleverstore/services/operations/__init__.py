"""Running the service: scheduled jobs, backups, mail delivery."""
