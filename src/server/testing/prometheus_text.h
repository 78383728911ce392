// A strict checker of the Prometheus text exposition format 0.0.4, for
// tests (Debian's promtool comes only with the whole Prometheus server).
//
// Checks: every line is `# HELP name text`, `# TYPE name type`, or a sample
// `name{label="value",...} value` with a valid metric name, label names,
// escaped label values and a float value (NaN, +Inf, -Inf allowed); each
// family's TYPE comes before its samples and once; a family's samples are
// contiguous; histogram buckets are cumulative, end with le="+Inf", and
// +Inf equals _count. Returns the problems, one per line ("" if none).
//
// Thread safety: pure function.
#ifndef TRUCE_SERVER_TESTING_PROMETHEUS_TEXT_H_
#define TRUCE_SERVER_TESTING_PROMETHEUS_TEXT_H_

#include <map>
#include <set>
#include <sstream>
#include <string>

namespace truce::server::testing {

namespace prometheus_internal {

inline bool NameChar(char c, bool first, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (colon && c == ':') || (!first && c >= '0' && c <= '9');
}

// Reads a name at `i`; empty if none.
inline std::string Name(const std::string& s, size_t& i, bool colon) {
  size_t start = i;
  while (i < s.size() && NameChar(s[i], i == start, colon)) ++i;
  return s.substr(start, i - start);
}

inline bool Value(const std::string& t, double* out) {
  if (t == "NaN") return *out = 0, true;
  if (t == "+Inf") return *out = 1e308, true;
  if (t == "-Inf") return *out = -1e308, true;
  if (t.empty()) return false;
  size_t i = 0;
  if (t[i] == '+' || t[i] == '-') ++i;
  bool digits = false;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, digits = true;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, digits = true;
  }
  if (!digits) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    bool exp = false;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, exp = true;
    if (!exp) return false;
  }
  if (i != t.size()) return false;
  *out = std::stod(t);
  return true;
}

}  // namespace prometheus_internal

inline std::string PrometheusTextProblems(const std::string& text) {
  namespace pi = prometheus_internal;
  std::ostringstream problems;
  std::map<std::string, std::string> types;
  std::set<std::string> finished;
  std::string current;
  // Histogram series (labels without le) -> last bucket, +Inf bucket.
  std::map<std::string, double> last_bucket, inf_bucket;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  if (!text.empty() && text.back() != '\n') problems << "no final newline\n";
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) {
      problems << n << ": empty line\n";
      continue;
    }
    if (line[0] == '#') {
      bool help = line.rfind("# HELP ", 0) == 0;
      bool type = line.rfind("# TYPE ", 0) == 0;
      if (!help && !type) continue;  // other comments are allowed
      size_t i = 7;
      std::string name = pi::Name(line, i, true);
      if (name.empty() || (i < line.size() && line[i] != ' ')) {
        problems << n << ": bad metric name in comment\n";
        continue;
      }
      if (type) {
        std::string t = i < line.size() ? line.substr(i + 1) : "";
        if (t != "counter" && t != "gauge" && t != "histogram" &&
            t != "summary" && t != "untyped") {
          problems << n << ": bad type '" << t << "'\n";
        }
        if (types.contains(name)) problems << n << ": second TYPE\n";
        types[name] = t;
      }
      continue;
    }
    size_t i = 0;
    std::string name = pi::Name(line, i, true);
    if (name.empty()) {
      problems << n << ": bad metric name\n";
      continue;
    }
    std::string series, le;
    bool bad = false;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::string label = pi::Name(line, i, false);
        if (label.empty() || i + 1 >= line.size() || line[i] != '=' ||
            line[i + 1] != '"') {
          bad = true;
          break;
        }
        i += 2;
        std::string value;
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\') {
            if (i + 1 >= line.size() ||
                (line[i + 1] != '\\' && line[i + 1] != '"' &&
                 line[i + 1] != 'n')) {
              bad = true;
              break;
            }
            value += line.substr(i, 2);
            i += 2;
          } else {
            value += line[i++];
          }
        }
        if (bad || i >= line.size()) {
          bad = true;
          break;
        }
        ++i;  // closing quote
        if (label == "le") {
          le = value;
        } else {
          series += label + "=" + value + ",";
        }
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size()) bad = true;
      ++i;  // '}'
    }
    double value = 0;
    if (bad || i >= line.size() || line[i] != ' ' ||
        !pi::Value(line.substr(i + 1), &value)) {
      problems << n << ": bad sample: " << line << "\n";
      continue;
    }
    std::string family = name;
    for (std::string suffix : {"_bucket", "_count", "_sum"}) {
      if (name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
              0) {
        std::string base = name.substr(0, name.size() - suffix.size());
        if (types.contains(base) && types[base] == "histogram") family = base;
      }
    }
    if (!types.contains(family)) {
      problems << n << ": sample of " << family << " before its TYPE\n";
    }
    if (family != current) {
      if (finished.contains(family)) {
        problems << n << ": samples of " << family << " not contiguous\n";
      }
      if (!current.empty()) finished.insert(current);
      current = family;
    }
    if (name == family + "_bucket") {
      if (le.empty()) {
        problems << n << ": bucket without le\n";
        continue;
      }
      if (last_bucket.contains(series) && value < last_bucket[series]) {
        problems << n << ": buckets not cumulative\n";
      }
      last_bucket[series] = value;
      if (le == "+Inf") inf_bucket[series] = value;
    } else if (name == family + "_count" && family != name) {
      if (!inf_bucket.contains(series)) {
        problems << n << ": histogram without +Inf bucket\n";
      } else if (inf_bucket[series] != value) {
        problems << n << ": +Inf bucket != count\n";
      }
      last_bucket.erase(series);
      inf_bucket.erase(series);
    }
  }
  return problems.str();
}

}  // namespace truce::server::testing

#endif  // TRUCE_SERVER_TESTING_PROMETHEUS_TEXT_H_
