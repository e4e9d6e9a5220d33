"""The member directory: every registered member, their e-mail and whether they are
active. follower.py stores it; queries.py reads it, e-mails only for the
administrator and the member themself."""
