"""The referral packet wizard (mediation, conciliation, proof of the amicable attempt)."""
