/// Where a job's output, poster and thumbnail live in storage.
enum OutputKeys {
    static let root = "outputs"

    static func folder(job id: String) -> String { "\(root)/\(id)" }

    /// The key of one of the job's files; `name` is a file name Reel chose, or the last part of a stored key.
    static func file(job id: String, name: String) -> String { "\(folder(job: id))/\(name)" }
}
