/// A colour given as `#RGB`, `#RRGGBB`, `#RRGGBBAA` or a basic CSS name.
public struct RGBAColor: Sendable, Equatable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let black = RGBAColor(red: 0, green: 0, blue: 0)
    public static let white = RGBAColor(red: 255, green: 255, blue: 255)
    public static let transparent = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)

    static let names: [String: RGBAColor] = [
        "black": .black, "white": .white, "transparent": .transparent,
        "red": RGBAColor(red: 255, green: 0, blue: 0), "green": RGBAColor(red: 0, green: 128, blue: 0),
        "blue": RGBAColor(red: 0, green: 0, blue: 255), "yellow": RGBAColor(red: 255, green: 255, blue: 0),
        "gray": RGBAColor(red: 128, green: 128, blue: 128), "grey": RGBAColor(red: 128, green: 128, blue: 128),
    ]

    public init?(parsing text: String) {
        if let named = Self.names[text.lowercased()] {
            self = named
            return
        }
        guard text.hasPrefix("#") else { return nil }
        var hex = String(text.dropFirst())
        if hex.count == 3 || hex.count == 4 { hex = String(hex.flatMap { [$0, $0] }) }
        guard hex.count == 6 || hex.count == 8, hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16)
        else { return nil }
        let rgba = hex.count == 6 ? value << 8 | 0xFF : value
        self.init(
            red: UInt8(rgba >> 24 & 0xFF), green: UInt8(rgba >> 16 & 0xFF),
            blue: UInt8(rgba >> 8 & 0xFF), alpha: UInt8(rgba & 0xFF))
    }

    /// `0xRRGGBBAA`, the form FFmpeg's colour options take.
    public var ffmpegHex: String {
        "0x" + [red, green, blue, alpha].map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    public func withOpacity(_ opacity: Double) -> RGBAColor {
        var color = self
        color.alpha = UInt8((Double(alpha) * min(max(opacity, 0), 1)).rounded())
        return color
    }
}
