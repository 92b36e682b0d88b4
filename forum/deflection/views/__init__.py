"""The deflection module's pages and endpoints; thin: parse, call, respond."""
