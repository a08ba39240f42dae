"""Running the service: scheduled jobs, backups, mail delivery."""

from cleverstore.services.operations.health import (
    database_answers,
    redis_answers,
    schema_is_current,
)

__all__ = ["database_answers", "redis_answers", "schema_is_current"]
from cleverstore.services.operations.mail_delivery import (
    MailboxMessage,
    dev_mailbox_messages,
    dev_mailbox_offered,
)

__all__ += ["MailboxMessage", "dev_mailbox_messages", "dev_mailbox_offered"]
