// ChangeRecord: one acknowledged change as the store's journal keeps it — the netsh commands,
// as tokens, with the host facts they ran with. ApplyChange is pure, so replaying a record on
// the policy it was made against gives the same policy again, whatever the host looks like
// when the journal is read.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.h"
#include "model/host_facts.h"
#include "model/policy.h"
#include "netsh/lexer.h"

namespace hostwall::store {

struct ChangeRecord {
  std::vector<std::vector<netsh::Token>> commands;  // each one parses to a change command
  model::HostFacts facts;
};

nlohmann::json EncodeChangeRecord(const ChangeRecord& record);
// Errors: kInvalidArgument for a record of the wrong shape.
Result<ChangeRecord> DecodeChangeRecord(const nlohmann::json& document);

// Applies the record's commands to `policy` in order. Errors: kCorrupt when a command does not
// parse or apply, which a record written by hostwalld never does.
Result<void> ReplayChange(const ChangeRecord& record, model::LocalPolicy& policy);

}  // namespace hostwall::store
