#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
/// libFuzzer's entry point (built by scripts/fuzz.sh with `-sanitize=fuzzer -D FUZZING`); the
/// target comes from `SLUICE_FUZZ_TARGET`.
let selectedTarget: FuzzTarget = {
    guard let name = getenv("SLUICE_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
        fatalError("set SLUICE_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<product>_main`; hand over to libFuzzer's driver.
@_cdecl("sluice_fuzz_main")
public func sluiceFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
/// Without the fuzzer: `sluice-fuzz TARGET FILE...` replays inputs (the seed corpus and every
/// crash found, under fixtures/fuzz/TARGET/) through a target, as a regression test.
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: sluice-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                print("cannot read \(path)")
                exit(1)
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = fread(&chunk, 1, chunk.count, file)
                if n <= 0 { break }
                bytes += chunk[0..<n]
            }
            fclose(file)
            bytes.withUnsafeBytes { target.run($0) }
            count += 1
        }
        print("\(name): \(count) inputs replayed, no crash")
    }
}
#endif
