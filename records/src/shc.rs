//! SMART Health Card import.
