// Internal to the agreement loader: schema-checked reading of yaml-cpp nodes
// that collects every problem with its file:line:column instead of stopping at
// the first. Not part of the agreement library's public interface.
//
// Thread safety: a Diagnostics is used by one thread.
#ifndef TRUCE_AGREEMENT_YAML_READER_H_
#define TRUCE_AGREEMENT_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/time.h"

namespace truce::agreement::internal {

// Collects errors for one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourceLocation At(const YAML::Node& node, std::string_view field) const;
  void Add(const YAML::Node& at, std::string_view field, std::string message,
           std::string hint);
  void AddAt(SourceLocation where, std::string message, std::string hint);
  bool empty() const { return errors_.empty(); }
  Errors& errors() { return errors_; }

 private:
  std::string file_;
  Errors errors_;
};

// A YAML mapping with a known set of keys. Reports, on construction, a node
// that is not a mapping, unknown keys (with "did you mean") and duplicate
// keys. `path` is the field path for messages ("rules[2]").
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, Diagnostics& diag,
            std::vector<std::string_view> keys);

  bool ok() const { return ok_; }
  const YAML::Node& node() const { return node_; }
  std::string Field(std::string_view key) const;  // "rules[2].zone"
  bool Has(std::string_view key) const;
  YAML::Node Get(std::string_view key) const;  // null node when absent

  // Typed fields. Required ones report "missing key" at the mapping; all
  // report wrong types at the value. They return nullopt on any problem.
  std::optional<std::string> String(std::string_view key, bool required,
                                    std::string_view hint = {});
  std::optional<double> Number(std::string_view key, bool required, double min,
                               double max, std::string_view unit_hint = {});
  std::optional<int64_t> Integer(std::string_view key, bool required,
                                 int64_t min, int64_t max);
  std::optional<bool> Bool(std::string_view key, bool required);
  std::optional<TimeNs> Time(std::string_view key, bool required);
  std::optional<DurationNs> Duration(std::string_view key, bool required);
  // A word from a closed vocabulary, e.g. a rule kind.
  std::optional<std::string> Word(std::string_view key, bool required,
                                  std::span<const std::string_view> allowed,
                                  std::string_view what);
  // A list of words from a closed vocabulary (a single word is accepted too).
  std::vector<std::string> Words(std::string_view key,
                                 std::span<const std::string_view> allowed,
                                 std::string_view what);
  // A list of free strings (ids).
  std::vector<std::string> Strings(std::string_view key);
  // A list of hexadecimal ICAO 24-bit addresses ("4CA2B1").
  std::vector<uint32_t> Icao24s(std::string_view key);
  // A list of 9-digit MMSIs.
  std::vector<uint32_t> Mmsis(std::string_view key);

 private:
  YAML::Node node_;
  std::string path_;
  Diagnostics& diag_;
  bool ok_ = true;
};

// node[key] without yaml-cpp's traps: an undefined (never "invalid") node
// when `node` is not a mapping or has no such key, so that any further
// query (IsSequence, Mark, ...) answers instead of throwing.
YAML::Node Child(const YAML::Node& node, const std::string& key);

// Parses a YAML document; a syntax error becomes one diagnostic at its line
// and column, and nullopt. Every truce YAML file (agreement, commitments,
// hooks) is read through here.
std::optional<YAML::Node> LoadDocument(std::string_view text,
                                       Diagnostics& diag);

// The items of a list under `key` (a top-level section such as "zones"):
// calls each(item, "key[i]") for every item. Absent or null: nothing; not a
// list: one diagnostic saying how to write it.
bool IsListOrReport(const YAML::Node& list, std::string_view key,
                    Diagnostics& diag);
std::string ItemField(std::string_view key, size_t index);
template <typename F>
void ForEachItem(const YAML::Node& list, std::string_view key,
                 Diagnostics& diag, F each) {
  if (!IsListOrReport(list, key, diag)) return;
  for (size_t i = 0; i < list.size(); ++i) each(list[i], ItemField(key, i));
}

// YAML scalar checks usable outside a MapReader.
std::optional<double> ScalarNumber(const YAML::Node& node);
std::string_view TypeName(const YAML::Node& node);

}  // namespace truce::agreement::internal

#endif  // TRUCE_AGREEMENT_YAML_READER_H_
