/// The explicit catalogue of the plugins Sluice ships, by Logstash `config_name`.
///
/// Every plugin is listed here and nowhere else: no runtime discovery, so grep finds them all.
public enum BuiltinPlugins {
    public static let inputs = ["beats", "file", "generator", "stdin"]
    public static let filters = ["date", "drop", "json", "mutate"]
    public static let outputs = ["elasticsearch", "file", "stdout"]
}
