// Error: what went wrong, where, and what to do about it.
//
// Errors are values in truce: every function that can fail across a module
// boundary returns Result<T> (std::expected<T, Error>), and no exception
// crosses a module boundary. An Error carries the location a user can act on
// (file:line:column, or a field path) and a hint that says how to fix it, so
// that the command line can print "FILE:LINE:COL: what; what to do".
//
// Thread safety: plain values; safe to copy between threads.
#ifndef TRUCE_BASE_ERROR_H_
#define TRUCE_BASE_ERROR_H_

#include <expected>
#include <string>
#include <vector>

namespace truce {

// Broad classes of failure. Each maps to one process exit code (see
// ExitCodeFor and the README's table of exit codes).
enum class ErrorCode {
  kInvalidInput,   // the user's input is wrong: syntax, schema, geometry
  kNotFound,       // a referenced file, entry or id does not exist
  kIo,             // the operating system refused a read or a write
  kCorrupt,        // stored data fails its own integrity checks
  kVerification,   // a proof, signature or consistency check failed
  kUnavailable,    // a server or peer could not be reached
  kInternal,       // a bug in truce: please report it
};

// Where in a user's input a problem is. Line and column are 1-based; 0 means
// unknown. `field` is a dotted path such as "rules[3].zone" when known.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;

  // "file:line:column" with the parts that are known ("file", "file:12").
  std::string ToString() const;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // what is wrong, one sentence without final period
  std::string hint;     // what to do about it; may be empty
  SourceLocation where;

  // "where: message; hint" — the one line a user reads.
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;

// Builds an unexpected Error in one expression:
//   return Fail(ErrorCode::kNotFound, "no such zone 'x'", "define it under zones");
std::unexpected<Error> Fail(ErrorCode code, std::string message,
                            std::string hint = {}, SourceLocation where = {});

// The documented process exit code for an error class (README, `truce --help`):
// 1 invalid input, 2 usage, 3 not found, 4 I/O, 5 corrupt, 6 verification
// failed, 7 unavailable, 70 internal.
int ExitCodeFor(ErrorCode code);

// Several errors found in one pass (truce check reports them all at once).
using Errors = std::vector<Error>;

}  // namespace truce

#endif  // TRUCE_BASE_ERROR_H_
