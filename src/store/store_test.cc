#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <thread>

#include "store/observation_codec.h"

namespace truce::store {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const char* name) {
  fs::path dir = fs::temp_directory_path() /
                 (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

observe::Observation Vessel(int64_t time_s, uint64_t mmsi) {
  observe::Observation o;
  o.time_ns = time_s * 1'000'000'000;
  o.source_id.assign("station-1");
  o.kind = observe::ObservationKind::kVessel;
  o.scheme = observe::SubjectScheme::kMmsi;
  o.subject_id = mmsi;
  o.has_position = true;
  o.position.lat_deg = 46.5;
  o.position.lng_deg = 31.25;
  o.class_name = "cargo";
  o.name.assign("EVER GIVEN");
  o.kinematics.speed_knots = 12.5;
  o.raw_sha256[0] = 0xab;
  o.raw_sha256[31] = 0x01;
  o.count = 3;
  return o;
}

TEST(ObservationCodec, RoundTripsEveryField) {
  observe::Observation o = Vessel(1750000000, 272000001);
  o.event = "shelling";
  o.party.assign("A");
  o.flag_iso2.assign("UA");
  o.military = true;
  o.time_precision_ns = 60'000'000'000;
  std::string bytes = EncodeObservation(o);
  ASSERT_EQ(bytes.size(), kEncodedObservationSize);
  auto back = DecodeObservation(bytes, o.class_name, o.event);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(EncodeObservation(*back), bytes);
  EXPECT_EQ(back->class_name, "cargo");
  EXPECT_EQ(back->event, "shelling");
  EXPECT_EQ(back->name.view(), "EVER GIVEN");
  EXPECT_EQ(back->party.view(), "A");
  EXPECT_TRUE(back->military);
  EXPECT_TRUE(std::isnan(back->altitude_m));
  EXPECT_EQ(back->kinematics.speed_knots, 12.5);
}

TEST(ObservationCodec, RefusesDamagedBytes) {
  std::string bytes = EncodeObservation(Vessel(1, 2));
  EXPECT_EQ(DecodeObservation(bytes.substr(1), "", "").error().code,
            ErrorCode::kCorrupt);
  bytes[0] = 9;
  auto r = DecodeObservation(bytes, "", "");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("version 9"), std::string::npos);
}

TEST(ObservationCodec, RefusesAPositionOutOfRange) {
  observe::Observation o = Vessel(1, 2);
  o.position.lat_deg = 91;  // only damage can put this in the store
  auto r = DecodeObservation(EncodeObservation(o), "", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("out of range"), std::string::npos);
  o.has_position = false;  // no position: the numbers mean nothing
  EXPECT_TRUE(DecodeObservation(EncodeObservation(o), "", ""));
}

TEST(Store, ReopenAfterCloseKeepsEverything) {
  fs::path dir = TempDir("truce-store-reopen");
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store) << store.error().ToString();
    WriteBatch b;
    for (int i = 0; i < 3; ++i) {
      b.observations.push_back(
          {0, "ais-tcp", Vessel(100 + i, 272000001 + i), "!AIVDM,raw", {}});
    }
    b.quarantine.push_back({"ais-tcp", 7, "garbage", "nmea: bad", {}});
    b.batches.push_back({"ais-tcp", "ais-tcp-listen", {}, 4, 3, 1, "00", 0});
    b.revisions.push_back({0, "r/x/t", 1, 1, "{\"a\":1}", 1});
    auto first = (*store)->Write(&b);
    ASSERT_TRUE(first) << first.error().ToString();
    EXPECT_EQ(*first, 1u);
    EXPECT_EQ(b.observations[2].seq, 3u);
    auto file = (*store)->SaveControlMapFile("../x y.geojson", "{}");
    ASSERT_TRUE(file);
    EXPECT_EQ(*file, "control-maps/1/_.._x_y.geojson");
    WriteBatch m;
    m.maps.push_back({0, "x y.geojson", "2025-06-16", *file, "ff", {}, {}, 0});
    ASSERT_TRUE((*store)->Write(&m));
    WriteBatch j;
    j.judged.push_back({m.maps[0].seq, 2, 101'000'000'000});
    ASSERT_TRUE((*store)->Write(&j));
  }
  auto store = Store::Open(dir);
  ASSERT_TRUE(store) << store.error().ToString();
  auto obs = (*store)->LoadObservations();
  ASSERT_TRUE(obs);
  ASSERT_EQ(obs->size(), 3u);
  EXPECT_EQ((*obs)[1].seq, 2u);
  EXPECT_EQ((*obs)[1].observation.subject_id, 272000002u);
  EXPECT_EQ((*obs)[1].raw, "!AIVDM,raw");
  EXPECT_EQ(EncodeObservation((*obs)[0].observation),
            EncodeObservation(Vessel(100, 272000001)));
  auto revs = (*store)->LoadRevisions();
  ASSERT_TRUE(revs);
  ASSERT_EQ(revs->size(), 1u);
  EXPECT_EQ((*revs)[0].engine_revision, 1);
  auto maps = (*store)->LoadControlMaps();
  ASSERT_TRUE(maps);
  ASSERT_EQ(maps->size(), 1u);
  EXPECT_EQ((*maps)[0].after_seq, 2u);
  EXPECT_TRUE(fs::exists(dir / (*maps)[0].file));
  EXPECT_EQ((*store)->LoadQuarantine(10)->size(), 1u);
  EXPECT_EQ((*store)->Counts().observations, 3u);
  // Seqs continue after a reopen.
  WriteBatch more;
  more.observations.push_back({0, "sbs", Vessel(200, 1), "", {}});
  EXPECT_EQ(*(*store)->Write(&more), 4u);
  fs::remove_all(dir);
}

TEST(Store, RetentionDeletesOnlyOldObservationsAndSeqsNeverRepeat) {
  fs::path dir = TempDir("truce-store-retention");
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store);
    WriteBatch b;
    for (int i = 0; i < 10; ++i) {
      b.observations.push_back({0, "f", Vessel(1000 + i, 1), "", {}});
    }
    b.revisions.push_back({0, "r/x/t", 1, 1, "{}", 0});
    ASSERT_TRUE((*store)->Write(&b));
    auto n = (*store)->DeleteObservationsBefore(1005'000'000'000);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 5u);
    // Deleting the newest too: the next seq must still not reuse theirs.
    ASSERT_EQ(*(*store)->DeleteObservationsBefore(2000'000'000'000), 5u);
  }
  auto store = Store::Open(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->LoadObservations()->size(), 0u);
  EXPECT_EQ((*store)->LoadRevisions()->size(), 1u);
  WriteBatch b;
  b.observations.push_back({0, "f", Vessel(3000, 1), "", {}});
  EXPECT_EQ(*(*store)->Write(&b), 11u);
  fs::remove_all(dir);
}

TEST(Store, ConcurrentWritersShareCommits) {
  fs::path dir = TempDir("truce-store-group");
  auto store = Store::Open(dir);
  ASSERT_TRUE(store);
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        WriteBatch b;
        b.observations.push_back({0, "f", Vessel(i, t), "", {}});
        ASSERT_TRUE((*store)->Write(&b));
      }
    });
  }
  for (auto& t : threads) t.join();
  auto counts = (*store)->Counts();
  EXPECT_EQ(counts.observations, uint64_t{kThreads * kEach});
  EXPECT_EQ(counts.writes, uint64_t{kThreads * kEach});
  EXPECT_LE(counts.commits, counts.writes);
  auto obs = (*store)->LoadObservations();
  ASSERT_EQ(obs->size(), size_t{kThreads * kEach});
  for (size_t i = 0; i < obs->size(); ++i) EXPECT_EQ((*obs)[i].seq, i + 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace truce::store
