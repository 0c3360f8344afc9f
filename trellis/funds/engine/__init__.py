"""The funds engines: the ledger's arithmetic, fiscal periods and the compliance checks of a
request, in plain Python (no Django), so they are tested and measured on their own."""
