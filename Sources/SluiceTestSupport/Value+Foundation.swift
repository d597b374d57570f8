import Foundation
public import SluiceCore

extension Value {
    /// Converts a Foundation JSON object (from `JSONSerialization`) into a `Value`, so tests can
    /// build expectations without going through Sluice's own JSON reader.
    public init(foundation object: Any?) {
        switch object {
        case nil, is NSNull:
            self = .null
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "c" || type == "B" {
                self = .bool(number.boolValue)
            } else if type == "d" || type == "f" {
                self = .double(number.doubleValue)
            } else {
                self = .int(number.int64Value)
            }
        case let string as String:
            self = .string(string)
        case let array as [Any]:
            self = .array(array.map { Value(foundation: $0) })
        case let dictionary as [String: Any]:
            var object = OrderedObject()
            for key in dictionary.keys.sorted() { object[key] = Value(foundation: dictionary[key]) }
            self = .object(object)
        default:
            self = .string("\(object!)")
        }
    }
}
