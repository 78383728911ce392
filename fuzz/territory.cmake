truce_fuzzer(control_map truce_territory)
truce_fuzzer(territory_diff truce_territory GEOS::geos_c)
