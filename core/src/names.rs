//! Enums whose names are public vocabulary: the same text in Rust, C, Python and JSON.

/// Defines a fieldless enum whose variants have fixed public names, with `ALL`, `as_str`,
/// `Display`, `FromStr` and serde by name, and stable numbers (declaration order) for C.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The public name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value with this public name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The stable number of this value (its position in [`Self::ALL`]), for C.
            pub const fn number(self) -> u32 {
                self as u32
            }

            /// The value with this stable number.
            pub fn from_number(number: u32) -> Option<Self> {
                Self::ALL.get(number as usize).copied()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::InvalidInput;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_name(s).ok_or_else(|| {
                    $crate::error::InvalidInput::new(
                        None,
                        format!(
                            "unknown {} `{}`, expected one of: {}",
                            $what,
                            s,
                            [$($text),+].join(", ")
                        ),
                    )
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a {} name", $what)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_name(v).ok_or_else(|| {
                            E::unknown_variant(v, &[$($text),+])
                        })
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use named_enum;

/// Implements `Deserialize` for a private input struct whose derived impl is made inherent with
/// `#[serde(remote = "Self")]`, reading it from a map only. A derived struct also accepts a
/// sequence of its fields in order (`["listen", "2026-…", …]`), which is no input this library
/// documents, and its errors would name the private struct ("expected struct Wire with 30
/// elements"); here any other input is refused as "invalid type: …, expected <what>".
macro_rules! map_only {
    ($ty:ident, $expecting:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        // The derived reader, made inherent by `remote = "Self"`.
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }

                d.deserialize_map(Visitor)
            }
        }
    };
}
pub(crate) use map_only;
