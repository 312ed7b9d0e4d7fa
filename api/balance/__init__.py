"""The labour-market balance table: its import and the periods in force."""
