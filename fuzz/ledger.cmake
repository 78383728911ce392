# The evidence log's fuzz targets (src/ledger).
truce_fuzzer(merkle_diff truce_ledger)
truce_fuzzer(note_parse truce_ledger)
truce_fuzzer(canonical_check truce_ledger)
