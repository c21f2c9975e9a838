"""`greenstatus config`: set up, inspect and check credentials."""
