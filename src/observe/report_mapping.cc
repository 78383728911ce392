#include "observe/report_mapping.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <string>

#include "base/time.h"
#include "observe/report_vocabulary.h"

namespace truce::observe {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int64_t y, int64_t m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads 1..max_digits digits (exactly `max_digits` when exact).
bool Digits(std::string_view* s, int max_digits, bool exact, int64_t* out) {
  int n = 0;
  int64_t v = 0;
  while (n < max_digits && !s->empty() && (*s)[0] >= '0' && (*s)[0] <= '9') {
    v = v * 10 + ((*s)[0] - '0');
    s->remove_prefix(1);
    ++n;
  }
  *out = v;
  return exact ? n == max_digits : n > 0;
}

// Checks a strftime-like format; returns its precision in seconds or 0 if
// the format is invalid.
int64_t FormatPrecisionS(std::string_view format) {
  bool y = false, mo = false, d = false, h = false, mi = false, s = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (++i >= format.size()) return 0;
    switch (format[i]) {
      case 'Y':
        y = true;
        break;
      case 'm':
        mo = true;
        break;
      case 'd':
        d = true;
        break;
      case 'H':
        h = true;
        break;
      case 'M':
        mi = true;
        break;
      case 'S':
        s = true;
        break;
      case '%':
        break;
      default:
        return 0;
    }
  }
  if (!y || !mo || !d) return 0;
  if (s) return 1;
  if (mi) return 60;
  if (h) return 3600;
  return 86400;
}

}  // namespace

std::optional<std::string_view> FieldMap::Resolve(std::string_view cell) const {
  if (constant) return std::string_view(*constant);
  if (!values.empty()) {
    for (const auto& [pattern, value] : values) {
      if (pattern == cell) return std::string_view(value);
    }
    for (const auto& [pattern, value] : values) {
      if (!pattern.empty() && pattern.back() == '*' &&
          cell.starts_with(
              std::string_view(pattern).substr(0, pattern.size() - 1))) {
        return std::string_view(value);
      }
    }
    if (fallback) return std::string_view(*fallback);
    return std::nullopt;
  }
  if (cell.empty() && fallback) return std::string_view(*fallback);
  return cell;
}

std::optional<ParsedTime> ParseReportTime(std::string_view text,
                                          std::string_view format) {
  int64_t y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
  int64_t precision_s = 0;
  if (format.empty()) {
    if (text.size() != 10) {
      auto t = ParseRfc3339(text);
      if (!t) return std::nullopt;
      return ParsedTime{t->ns_since_epoch, 0};
    }
    format = "%Y-%m-%d";
  }
  precision_s = FormatPrecisionS(format);
  if (precision_s == 0) return std::nullopt;
  std::string_view rest = text;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size() || format[i + 1] == '%') {
      if (format[i] == '%') ++i;
      if (rest.empty() || rest[0] != format[i]) return std::nullopt;
      rest.remove_prefix(1);
      continue;
    }
    bool ok = false;
    switch (format[++i]) {
      case 'Y':
        ok = Digits(&rest, 4, true, &y);
        break;
      case 'm':
        ok = Digits(&rest, 2, false, &mo);
        break;
      case 'd':
        ok = Digits(&rest, 2, false, &d);
        break;
      case 'H':
        ok = Digits(&rest, 2, false, &h);
        break;
      case 'M':
        ok = Digits(&rest, 2, false, &mi);
        break;
      case 'S':
        ok = Digits(&rest, 2, false, &s);
        break;
      default:
        break;
    }
    if (!ok) return std::nullopt;
  }
  if (!rest.empty()) return std::nullopt;
  if (y < 1678 || y > 2261 || mo < 1 || mo > 12 || d < 1 ||
      d > DaysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  const int64_t secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return ParsedTime{secs * kNsPerS, precision_s * kNsPerS};
}

ReportMapping NativeReportMapping() {
  ReportMapping m;
  auto col = [](std::string name) {
    FieldMap f;
    f.column = std::move(name);
    return f;
  };
  m.time = col("time");
  m.time_precision_s = col("time_precision_s");
  m.lat = col("lat");
  m.lon = col("lon");
  m.precision_m = col("precision_m");
  m.event = col("event");
  m.class_name = col("class");
  m.count = col("count");
  m.party = col("party");
  m.source = col("source");
  m.source_kind = col("source_kind");
  m.report_id = col("report_id");
  m.unit = col("unit");
  m.text = col("text");
  m.lenient_columns = true;
  return m;
}

namespace {

struct LoadError {
  std::string message;
  YAML::Mark mark;
};

std::string Scalar(const YAML::Node& n) {
  if (n.IsNull()) return "";
  if (!n.IsScalar()) throw LoadError{"expected a scalar", n.Mark()};
  return n.as<std::string>();
}

enum class Vocab { kNone, kEvent, kClass };

void CheckWord(const std::string& v, Vocab vocab, const YAML::Mark& mark) {
  if (v.empty() || vocab == Vocab::kNone) return;
  if (vocab == Vocab::kEvent && InternEventName(v).empty()) {
    throw LoadError{fmt::format("'{}' is not an event word", v), mark};
  }
  if (vocab == Vocab::kClass && InternClassName(v).empty()) {
    throw LoadError{fmt::format("'{}' is not an equipment class", v), mark};
  }
}

FieldMap ReadField(const YAML::Node& n, Vocab vocab, ReportMapping* time_of) {
  FieldMap f;
  if (n.IsScalar()) {
    f.column = n.as<std::string>();
    return f;
  }
  if (!n.IsMap()) throw LoadError{"expected a column name or a map", n.Mark()};
  for (const auto& kv : n) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "column") {
      f.column = Scalar(v);
    } else if (key == "constant") {
      f.constant = Scalar(v);
      CheckWord(*f.constant, vocab, v.Mark());
    } else if (key == "default") {
      f.fallback = Scalar(v);
      CheckWord(*f.fallback, vocab, v.Mark());
    } else if (key == "values") {
      if (!v.IsMap()) throw LoadError{"values: expected a map", v.Mark()};
      for (const auto& e : v) {
        std::string to = Scalar(e.second);
        CheckWord(to, vocab, e.second.Mark());
        f.values.emplace_back(Scalar(e.first), std::move(to));
      }
    } else if (time_of != nullptr && key == "format") {
      time_of->time_format = Scalar(v);
      if (FormatPrecisionS(time_of->time_format) == 0) {
        throw LoadError{
            "time format needs %Y, %m and %d and only "
            "%Y %m %d %H %M %S %%",
            v.Mark()};
      }
    } else if (time_of != nullptr &&
               (key == "not_before" || key == "not_after")) {
      const auto t = ParseReportTime(Scalar(v), "");
      if (!t) throw LoadError{"expected an RFC 3339 time or a date", v.Mark()};
      (key == "not_before" ? time_of->not_before_ns : time_of->not_after_ns) =
          t->time_ns;
    } else {
      throw LoadError{fmt::format("unknown key '{}'", key), kv.first.Mark()};
    }
  }
  if (f.constant && !f.column.empty()) {
    throw LoadError{"give a column or a constant, not both", n.Mark()};
  }
  return f;
}

}  // namespace

Result<ReportMapping> LoadReportMapping(std::string_view yaml_text,
                                        std::string_view file_name) {
  auto where = [&](const YAML::Mark& m) {
    return SourceLocation{std::string(file_name), m.line + 1, m.column + 1, {}};
  };
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root.IsMap()) {
      return Fail(ErrorCode::kInvalidInput, "a report mapping is a YAML map",
                  "see docs/formats/reports.md", where(root.Mark()));
    }
    ReportMapping m;
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "version") {
        if (Scalar(v) != "1") throw LoadError{"version must be 1", v.Mark()};
      } else if (key == "time") {
        m.time = ReadField(v, Vocab::kNone, &m);
      } else if (key == "time_precision_s") {
        m.time_precision_s = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "lat") {
        m.lat = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "lon") {
        m.lon = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "lat_lon") {
        m.lat_lon = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "precision_m") {
        m.precision_m = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "event") {
        m.event = ReadField(v, Vocab::kEvent, nullptr);
      } else if (key == "class") {
        m.class_name = ReadField(v, Vocab::kClass, nullptr);
      } else if (key == "count") {
        m.count = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "party") {
        m.party = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "source") {
        m.source = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "source_kind") {
        m.source_kind = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "report_id") {
        m.report_id = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "unit") {
        m.unit = ReadField(v, Vocab::kNone, nullptr);
      } else if (key == "text") {
        m.text = ReadField(v, Vocab::kNone, nullptr);
      } else {
        throw LoadError{fmt::format("unknown key '{}'", key), kv.first.Mark()};
      }
    }
    if (!m.time.mapped()) {
      return Fail(ErrorCode::kInvalidInput, "the mapping has no time",
                  "add time: {column: ..., format: ...}", where(root.Mark()));
    }
    if (!m.lat_lon.mapped() && (!m.lat.mapped() || !m.lon.mapped())) {
      return Fail(ErrorCode::kInvalidInput, "the mapping has no position",
                  "add lat: and lon:, or lat_lon:", where(root.Mark()));
    }
    return m;
  } catch (const LoadError& e) {
    return Fail(ErrorCode::kInvalidInput, e.message,
                "see docs/formats/reports.md", where(e.mark));
  } catch (const YAML::Exception& e) {
    return Fail(ErrorCode::kInvalidInput, e.msg, "fix the YAML syntax",
                where(e.mark));
  }
}

}  // namespace truce::observe
