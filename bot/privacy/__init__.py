"""Privacy work the organisation can check: key handling, retention, the record of
disclosures and limits on guessing codes (see docs/privacy.md)."""
