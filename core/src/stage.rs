//! The stages a complaint moves through.

use crate::names::named_enum;

named_enum! {
    /// Where a complaint stands: `open` → `listening` → `understood` → `resolving` → `agreed` →
    /// `acting` → `following_up` → `closed`.
    pub enum Stage ("stage") {
        /// Received; nobody has listened yet.
        Open = "open",
        /// The customer's story is being heard and restated.
        Listening = "listening",
        /// The customer confirmed the restatement of the problem.
        Understood = "understood",
        /// Looking for a remedy with the customer.
        Resolving = "resolving",
        /// Both sides agreed to a remedy.
        Agreed = "agreed",
        /// Tasks carrying out the remedy are under way.
        Acting = "acting",
        /// The remedy is carried out (or staff stood firm); checking back with the customer.
        FollowingUp = "following_up",
        /// The case is closed.
        Closed = "closed",
    }
}
