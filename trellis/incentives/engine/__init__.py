"""The incentive engine: what each rule pays on each sale, and what would raise a partner's
earnings, in plain Python (no Django) so statements for every partner are computed in one pass
and tested on their own."""
