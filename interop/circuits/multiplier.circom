pragma circom 2.0.0;

// c = a * b with c public: the smallest Groth16 statement, used to check that
// medzk's verifier accepts proofs made by snarkjs.
template Multiplier() {
    signal input a;
    signal input b;
    signal output c;
    c <== a * b;
}

component main = Multiplier();
