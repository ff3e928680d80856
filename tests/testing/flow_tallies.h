// A day's flow tally in one line, for the report tests.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/flow.h"

namespace sanad::testing {

// sex: {female, male}; ages: {0-4, 5-17, 18-59, 60+}; individuals is their sum.
inline FlowTally Tally(Date date, std::string crossing, MovementMode mode, int64_t households,
                       std::array<int64_t, 2> sex, std::array<int64_t, 4> ages,
                       std::string destination, Direction direction = Direction::kToAfghanistan) {
  FlowTally t;
  t.date = date;
  t.crossing_point = std::move(crossing);
  t.direction = direction;
  t.mode = mode;
  t.households = households;
  t.female = sex[0];
  t.male = sex[1];
  t.individuals = sex[0] + sex[1];
  t.age_0_4 = ages[0];
  t.age_5_17 = ages[1];
  t.age_18_59 = ages[2];
  t.age_60_plus = ages[3];
  t.destination_province = std::move(destination);
  return t;
}

// The same tally, `registered` of whose individuals were registered.
inline FlowTally WithRegistered(FlowTally tally, int64_t registered) {
  tally.registered_individuals = registered;
  return tally;
}

}  // namespace sanad::testing
