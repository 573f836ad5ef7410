#include "model/types.h"

namespace hostwall::model {

std::string_view ProfileName(Profile profile) {
  return profile == Profile::kDomain ? "Domain" : "Standard";
}

std::string_view ProtocolName(Protocol protocol) {
  return protocol == Protocol::kTcp ? "TCP" : "UDP";
}

}  // namespace hostwall::model
