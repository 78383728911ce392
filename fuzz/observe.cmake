# The observe part's fuzz targets (src/observe): the AIS NMEA pipeline from
# raw lines (scanner, TAG blocks, wrappers, reassembly, decoder, JSON), the
# TAG block parser alone, the message decoder on arbitrary payload bits, and
# the fast path against the general decoder (differential).
truce_fuzzer(nmea truce_observe nlohmann_json::nlohmann_json)
truce_fuzzer(nmea_tag_block truce_observe)
truce_fuzzer(ais_payload truce_observe nlohmann_json::nlohmann_json)
truce_fuzzer(ais_fast truce_observe)
truce_fuzzer(sbs truce_observe)
truce_fuzzer(readsb truce_observe)
