"""Who may do what: users and roles, log-in, tokens, the policy on every route, limits."""
