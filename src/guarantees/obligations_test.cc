#include "guarantees/obligations.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace truce::guarantees {
namespace {

using ::testing::HasSubstr;

TimeNs T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

Commitments Plan() {
  Commitments c;
  c.guarantors = {{"g-a", "A", {}}, {"g-b", "B", {}}};
  Response r;
  r.id = "sea";
  r.kinds = {"maritime"};
  r.severities = {"medium"};
  r.on = {"open"};
  r.guarantors = {"g-a", "g-b"};
  r.acknowledge_within = DurationNs::Hours(1);
  r.act_within = DurationNs::Hours(24);
  Response all;  // every kind and severity, on closing: notify at once
  all.id = "closing";
  all.on = {"closed"};
  all.guarantors = {"g-b"};
  all.notify_within = DurationNs::Seconds(0);
  c.response_plan = {r, all};
  return c;
}

// Two revisions of a maritime incident and one of a ceasefire incident.
constexpr std::string_view kIncidents =
    R"({"attribution":{"basis":"x","party":"B"},"first":"2025-06-01T09:40:00Z","id":"corridor/mmsi:273000001/2025-06-01T09:40:00Z","kind":"maritime","last":"2025-06-01T10:00:00Z","revision":1,"rule":"corridor","severity":"medium","status":"open","subject":"mmsi:273000001"}
{"first":"2025-06-01T09:40:00Z","id":"corridor/mmsi:273000001/2025-06-01T09:40:00Z","kind":"maritime","last":"2025-06-01T12:00:00Z","revision":2,"rule":"corridor","severity":"medium","status":"closed"}

{"first":"2025-06-01T11:00:00Z","id":"ceasefire/x/2025-06-01T11:00:00Z","kind":"ceasefire","last":"2025-06-01T11:00:00Z","revision":1,"rule":"ceasefire","severity":"high","status":"open"}
)";

constexpr std::string_view kId = "corridor/mmsi:273000001/2025-06-01T09:40:00Z";

TEST(Obligations, DeadlinesAndStatesByHand) {
  Commitments c = Plan();
  auto inc = ParseIncidentRevisions(kIncidents, "incidents.ndjson");
  ASSERT_TRUE(inc) << inc.error().front().ToString();
  ASSERT_EQ(inc->size(), 3u);
  EXPECT_EQ((*inc)[0].party, "B");
  EXPECT_EQ((*inc)[2].line, 4);  // the blank line 3 is skipped
  // g-a acknowledges exactly at the deadline (10:00 + 1 h = 11:00): on time.
  // g-b one second later: late. Nobody reports action.
  std::string acks = fmt::format(
      R"({{"incident":"{0}","guarantor":"g-a","action":"acknowledge","time":"2025-06-01T11:00:00Z"}}
{{"incident":"{0}","guarantor":"g-b","action":"acknowledge","time":"2025-06-01T11:00:01Z","note":"radio down"}}
)",
      kId);
  auto ack = ParseAcks(acks, "acks.ndjson", c, *inc);
  ASSERT_TRUE(ack) << ack.error().front().ToString();

  // At the act deadline itself (10:00 + 24 h): still open, not overdue.
  auto r = ComputeObligations(c, *inc, *ack, T("2025-06-02T10:00:00Z"));
  // Revision 1 (open, maritime, medium): 2 guarantors × 2 actions = 4.
  // Revision 2 (closed): "closing" → g-b notify = 1. The ceasefire
  // incident is open and high: nothing. Total 5.
  ASSERT_EQ(r.obligations.size(), 5u);
  const auto& o = r.obligations;
  EXPECT_EQ(o[0].guarantor, "g-a");
  EXPECT_EQ(o[0].action, Action::kAcknowledge);
  EXPECT_EQ(o[0].triggered, T("2025-06-01T10:00:00Z"));
  EXPECT_EQ(o[0].deadline, T("2025-06-01T11:00:00Z"));
  EXPECT_EQ(o[0].state, ObligationState::kAcknowledged);
  EXPECT_FALSE(o[0].late);
  EXPECT_EQ(o[1].action, Action::kAct);
  EXPECT_EQ(o[1].deadline, T("2025-06-02T10:00:00Z"));
  EXPECT_EQ(o[1].state, ObligationState::kOpen);
  EXPECT_EQ(o[2].guarantor, "g-b");
  EXPECT_EQ(o[2].state, ObligationState::kAcknowledged);
  EXPECT_TRUE(o[2].late);
  // Closing notification: triggered at 12:00 with 0 s to act: at 10:00 the
  // next day it is long overdue.
  EXPECT_EQ(o[4].response, "closing");
  EXPECT_EQ(o[4].deadline, T("2025-06-01T12:00:00Z"));
  EXPECT_EQ(o[4].state, ObligationState::kOverdue);

  ASSERT_EQ(r.by_guarantor.size(), 2u);
  const auto& a = r.by_guarantor[0];
  EXPECT_EQ(a.obligations, 2);
  EXPECT_EQ(a.acknowledged, 1);
  EXPECT_EQ(a.open, 1);
  EXPECT_EQ(a.median_response, DurationNs::Hours(1));
  const auto& b = r.by_guarantor[1];
  EXPECT_EQ(b.obligations, 3);
  EXPECT_EQ(b.acknowledged, 1);
  EXPECT_EQ(b.late, 1);
  EXPECT_EQ(b.open, 1);
  EXPECT_EQ(b.overdue, 1);
  EXPECT_EQ(b.max_response, DurationNs::Seconds(3601));

  // One nanosecond later the act obligations are overdue.
  auto later =
      ComputeObligations(c, *inc, *ack, T("2025-06-02T10:00:00.000000001Z"));
  EXPECT_EQ(later.obligations[1].state, ObligationState::kOverdue);
  EXPECT_EQ(later.by_guarantor[0].overdue, 1);

  // Before the acks: open; revision 2 (12:00) not yet triggered.
  auto early = ComputeObligations(c, *inc, *ack, T("2025-06-01T10:30:00Z"));
  ASSERT_EQ(early.obligations.size(), 4u);
  EXPECT_EQ(early.obligations[0].state, ObligationState::kOpen);
  EXPECT_FALSE(early.by_guarantor[0].median_response);

  // Default `at`: the latest time in the inputs, 12:00 (revision 2).
  auto dflt = ComputeObligations(c, *inc, *ack, std::nullopt);
  EXPECT_EQ(dflt.at, T("2025-06-01T12:00:00Z"));
}

TEST(Obligations, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  Commitments c = Plan();
  auto inc = ParseIncidentRevisions(kIncidents, "i");
  // g-a: acknowledge after 20 min, act after 60 min → median 40 min.
  std::string acks = fmt::format(
      R"({{"incident":"{0}","guarantor":"g-a","action":"acknowledge","time":"2025-06-01T10:20:00Z"}}
{{"incident":"{0}","guarantor":"g-a","action":"act","time":"2025-06-01T11:00:00Z","revision":1}}
)",
      kId);
  auto ack = ParseAcks(acks, "a", c, *inc);
  ASSERT_TRUE(ack) << ack.error().front().ToString();
  auto r = ComputeObligations(c, *inc, *ack, std::nullopt);
  EXPECT_EQ(r.by_guarantor[0].median_response, DurationNs::Minutes(40));
  EXPECT_EQ(r.by_guarantor[0].max_response, DurationNs::Minutes(60));
}

TEST(Obligations, AnAckBeforeTheRevisionDoesNotAnswerIt) {
  Commitments c = Plan();
  auto inc = ParseIncidentRevisions(kIncidents, "i");
  // 09:59 is before revision 1 was published (10:00).
  std::string acks = fmt::format(
      R"({{"incident":"{0}","guarantor":"g-a","action":"acknowledge","time":"2025-06-01T09:59:00Z"}})",
      kId);
  auto ack = ParseAcks(acks, "a", c, *inc);
  ASSERT_TRUE(ack);
  auto r = ComputeObligations(c, *inc, *ack, T("2025-06-01T10:30:00Z"));
  EXPECT_EQ(r.obligations[0].state, ObligationState::kOpen);
}

TEST(Obligations, BadAcksAreAllReportedWithTheirLines) {
  Commitments c = Plan();
  auto inc = ParseIncidentRevisions(kIncidents, "i");
  std::string acks = fmt::format(
      R"({{"incident":"{0}","guarantor":"g-c","action":"acknowledge","time":"2025-06-01T11:00:00Z"}}
not json
{{"incident":"nope","guarantor":"g-a","action":"acknowlege","time":"yesterday","by":"me"}}
{{"incident":"{0}","guarantor":"g-a","action":"act","time":"2025-06-01T09:00:00Z","revision":1}}
{{"incident":"{0}","guarantor":"g-a","action":"act","time":"2025-06-01T11:00:00Z","revision":7}}
)",
      kId);
  auto ack = ParseAcks(acks, "acks.ndjson", c, *inc);
  ASSERT_FALSE(ack);
  std::vector<std::string> got;
  for (const auto& e : ack.error()) got.push_back(e.ToString());
  ASSERT_EQ(got.size(), 8u) << ::testing::PrintToString(got);
  EXPECT_THAT(got[0], HasSubstr("acks.ndjson:1 (guarantor): no guarantor has "
                                "id 'g-c'; did you mean 'g-a'?"));
  EXPECT_THAT(got[1], HasSubstr("acks.ndjson:2: the line is not one JSON"));
  EXPECT_THAT(got[2], HasSubstr("acks.ndjson:3 (by): unknown member 'by'"));
  EXPECT_THAT(got[3], HasSubstr("acks.ndjson:3 (incident): no incident has "
                                "id 'nope'"));
  EXPECT_THAT(got[4], HasSubstr("acks.ndjson:3 (action): unknown action "
                                "'acknowlege'; did you mean 'acknowledge'?"));
  EXPECT_THAT(got[5], HasSubstr("acks.ndjson:3 (time):"));
  EXPECT_THAT(got[6], HasSubstr("acks.ndjson:4 (time): the ack "
                                "(2025-06-01T09:00:00Z) is earlier than "
                                "revision 1 (2025-06-01T10:00:00Z)"));
  EXPECT_THAT(got[7], HasSubstr("acks.ndjson:5 (revision): incident"));
}

TEST(Obligations, BadIncidentLines) {
  auto inc = ParseIncidentRevisions(
      "{\"id\":\"x\",\"revision\":0,\"status\":\"open\",\"rule\":\"r\","
      "\"kind\":\"k\",\"severity\":\"low\",\"first\":\"2025-06-01T00:00:00Z\"}"
      "\n",
      "i.ndjson");
  ASSERT_FALSE(inc);
  ASSERT_EQ(inc.error().size(), 2u);
  EXPECT_EQ(inc.error()[0].ToString(),
            "i.ndjson:1 (revision): 'revision' must be a whole number from 1; "
            "write e.g. 1");
  EXPECT_EQ(inc.error()[1].where.field, "last");
}

}  // namespace
}  // namespace truce::guarantees
