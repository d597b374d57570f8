import Foundation
import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The cidr filter's rules beyond the shared vectors: networks checked when the config is,
/// the network file read again on the batches' clock, IPv4 netmasks.
@Suite struct CIDRFilterTests {
    private func matched(_ filter: inout any Filter, _ input: OrderedObject, at second: Int64 = 0) -> Bool {
        var events = [Event(constructingFrom: input, now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "cidr", now: Timestamp(epochSeconds: second)))
        return events[0].fields["tags"] == .array(["matched"])
    }

    @Test func aNetworkThatDoesNotParseIsAConfigError() {
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"cidr { address => ["%{ip}"] network => ["10.0.0.0/33"] }"#, catalog: BuiltinPlugins.catalog)
        }
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"cidr { address => ["%{ip}"] network => ["10.0.0.0/8,nonsense"] }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    @Test func neitherAddressNorAddressFieldIsAConfigError() {
        #expect(throws: (any Error).self) { try StageMaker.filter(#"cidr { network => ["10.0.0.0/8"] }"#, catalog: BuiltinPlugins.catalog) }
    }

    @Test func anIPv4NetmaskWorksLikeItsPrefixLength() throws {
        var filter = try StageMaker.filter(
            #"cidr { address => ["%{ip}"] network => ["10.1.0.0/255.255.0.0"] add_tag => ["matched"] }"#, catalog: BuiltinPlugins.catalog)
        #expect(matched(&filter, ["ip": "10.1.200.3"]))
        #expect(!matched(&filter, ["ip": "10.2.0.1"]))
        #expect(IPNetwork("10.0.0.0/255.0.255.0") == nil)
    }

    @Test func ipv4AddressesNeverMatchIPv6Networks() throws {
        var filter = try StageMaker.filter(
            #"cidr { address => ["%{ip}"] network => ["::/0"] add_tag => ["matched"] }"#, catalog: BuiltinPlugins.catalog)
        #expect(!matched(&filter, ["ip": "10.0.0.1"]))
        #expect(matched(&filter, ["ip": "2001:db8::1"]))
    }

    /// The file is read when checked and again once `refresh_interval` of the batches' clock has
    /// passed; a file that no longer reads keeps the last good list; CRLF line ends are fine.
    @Test func theNetworkFileIsReadAgainEveryRefreshInterval() throws {
        let scratch = try ScratchDirectory("sluice-cidr")
        let path = "\(scratch.path)/networks"
        try Data("192.168.1.0/24\r\n".utf8).write(to: URL(fileURLWithPath: path))
        var filter = try StageMaker.filter(
            #"cidr { address => ["%{ip}"] network_path => "\#(path)" refresh_interval => 60 add_tag => ["matched"] }"#,
            catalog: BuiltinPlugins.catalog)
        #expect(matched(&filter, ["ip": "192.168.1.9"], at: 0))
        try Data("10.0.0.0/8\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(!matched(&filter, ["ip": "10.1.1.1"], at: 30))
        #expect(matched(&filter, ["ip": "10.1.1.1"], at: 61))
        #expect(!matched(&filter, ["ip": "192.168.1.9"], at: 62))
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(matched(&filter, ["ip": "10.1.1.1"], at: 200))
    }

    @Test func aNetworkFileWithAnEntryThatIsNotANetworkIsAConfigError() throws {
        let scratch = try ScratchDirectory("sluice-cidr")
        let path = "\(scratch.path)/networks"
        try Data("10.0.0.0/8\n10.0.0.0/99\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"cidr { address => ["%{ip}"] network_path => "\#(path)" }"#, catalog: BuiltinPlugins.catalog)
        }
    }
}
