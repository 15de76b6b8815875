import Foundation
import ReelStore
import ReelTimeline

/// An upload as the API shows it (the README's "Uploads"). Every field is present; absent values are null.
struct UploadResource: Encodable, Equatable {
    var id: String
    var name: String
    var type: String
    var mimeType: String
    var size: Int64
    var sha256: String
    var width: Int?
    var height: Int?
    var duration: Double?
    var src: String
    var url: String
    var createdAt: Date

    init(_ upload: Upload, signer: FileSigner) {
        id = upload.id
        name = upload.name
        type = upload.type
        mimeType = upload.mimeType
        size = upload.size
        sha256 = upload.sha256
        width = upload.width
        height = upload.height
        duration = upload.duration
        src = MediaSource.asset(upload.id).description
        url = signer.url(upload: upload.id)
        createdAt = upload.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, size, sha256, width, height, duration, src, url
        case mimeType = "mime_type"
        case createdAt = "created_at"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(mimeType, forKey: .mimeType)
        try container.encode(size, forKey: .size)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(duration, forKey: .duration)
        try container.encode(src, forKey: .src)
        try container.encode(url, forKey: .url)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
