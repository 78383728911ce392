# The live server's store (src/store): a stored observation's bytes.
truce_fuzzer(store_observation truce_store)
