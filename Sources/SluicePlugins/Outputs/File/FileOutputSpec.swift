import SluiceConfig

/// `output { file { ... } }`: files named per event, daily NDJSON by default (logstash-output-file 4.3.0).
let fileOutputSpec = PluginSpec.output(
    "file", summary: "write events to files named per event (daily NDJSON files)",
    options: [
        OptionSpec("path", .string, required: true, doc: "file path, sprintf (data/out/logs-%{+YYYY.MM.dd}.ndjson)"),
        OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "json_lines")), doc: "how events become lines"),
        OptionSpec(
            "flush_interval", .number, default: .integer(2),
            status: .noEffect("each batch is written to the operating system when it is delivered, before it is acknowledged"),
            doc: "seconds between flushes"),
        OptionSpec("gzip", .boolean, default: .boolean(false), doc: "gzip the files"),
        OptionSpec("create_if_deleted", .boolean, default: .boolean(true), doc: "recreate a file deleted under us"),
        OptionSpec("dir_mode", .number, default: .integer(-1), doc: "mode of created directories (-1: umask)"),
        OptionSpec("file_mode", .number, default: .integer(-1), doc: "mode of created files (-1: umask)"),
        OptionSpec("write_behavior", .oneOf(["append", "overwrite"]), default: .string("append"), doc: "append or overwrite"),
        OptionSpec(
            "filename_failure", .string, default: .string("_filepath_failures"),
            doc: "file, in the path's static root, for events whose path escapes it"),
        OptionSpec("stale_cleanup_interval", .number, default: .integer(10), doc: "seconds before idle files are closed"),
        OptionSpec("fsync", .boolean, default: .boolean(false), doc: "fsync before acknowledging a batch (Sluice)"),
    ],
    decode: FileOutputOptions.init) { options, _ in FileOutput(options: options) }
