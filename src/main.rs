fn main() {
    // The command line lands with the store and the interface.
}
