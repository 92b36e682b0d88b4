"""Reply by e-mail: answering a notification e-mail posts the answer as the member's
reply (or private message), through the same services as the pages."""
