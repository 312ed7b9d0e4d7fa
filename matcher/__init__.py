"""Pure matching domain: profiles, vocabulary, text normalisation, rules, scoring, explanations."""
