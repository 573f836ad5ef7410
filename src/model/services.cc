#include "model/services.h"

#include "core/enum_table.h"

namespace hostwall::model {
namespace {

constexpr std::array<ServicePort, 4> kFileAndPrintPorts{{
    {Protocol::kTcp, 139, "NetBIOS Session Service"},
    {Protocol::kTcp, 445, "SMB over TCP"},
    {Protocol::kUdp, 137, "NetBIOS Name Service"},
    {Protocol::kUdp, 138, "NetBIOS Datagram Service"},
}};

// XP also admits svchost.exe and lsass.exe for RPC's dynamic ports. Linux has no such
// processes, so the Linux service is its two fixed ports.
constexpr std::array<ServicePort, 2> kRemoteAdminPorts{{
    {Protocol::kTcp, 135, "Remote Administration (RPC)"},
    {Protocol::kTcp, 445, "Remote Administration (SMB over TCP)"},
}};

constexpr std::array<ServicePort, 1> kRemoteDesktopPorts{{
    {Protocol::kTcp, 3389, "Remote Desktop"},
}};

constexpr std::array<ServicePort, 2> kUpnpPorts{{
    {Protocol::kUdp, 1900, "SSDP Component of UPnP Framework"},
    {Protocol::kTcp, 2869, "UPnP Framework TCP"},
}};

constexpr std::array<ServiceInfo, kServiceCount> kTable{{
    {ServiceType::kFileAndPrint, "FILEANDPRINT", "File and Printer Sharing", kFileAndPrintPorts,
     ScopeKind::kSubnet, true},
    {ServiceType::kRemoteAdmin, "REMOTEADMIN", "Remote Administration", kRemoteAdminPorts,
     ScopeKind::kAll, false},
    {ServiceType::kRemoteDesktop, "REMOTEDESKTOP", "Remote Desktop", kRemoteDesktopPorts,
     ScopeKind::kAll, true},
    {ServiceType::kUpnp, "UPNP", "UPnP Framework", kUpnpPorts, ScopeKind::kSubnet, true},
}};

static_assert(IsIndexedBy(kTable, &ServiceInfo::type),
              "kTable must list the services in enum order");

}  // namespace

const std::array<ServiceInfo, kServiceCount>& ServiceTable() { return kTable; }

const ServiceInfo& InfoOf(ServiceType type) { return kTable[static_cast<size_t>(type)]; }

}  // namespace hostwall::model
