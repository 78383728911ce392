# Field reports (src/observe/report*): CSV scanner, native schema and the
# row conversion, on arbitrary bytes.
truce_fuzzer(report_csv truce_observe nlohmann_json::nlohmann_json)
