truce_fuzzer(geo_contains truce_geo)
