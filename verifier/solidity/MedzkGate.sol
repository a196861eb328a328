// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {MedzkVerifier} from "./MedzkVerifier.sol";

/// @title A gate that admits each holder once per scope on a medzk proof
/// @notice Configured with a policy hash, a scope, a trusted issuer root (its
/// owner may replace it; the previous root stays accepted for a grace period)
/// and how old a proof's reference date may be. `submit` checks all of that,
/// binds the proof to its submitter (the challenge), verifies it, records the
/// nullifier and emits `Admitted`.
/// @dev The inputs fixed for a gate (issuer root, policy hash, scope) are folded
/// into one point when the gate is configured, so a submission pays ecMul only
/// for the reference date, nullifier, challenge and a non-zero revealed hash.
contract MedzkGate is MedzkVerifier {
    /// @dev Bits of the folded inputs: issuer_root (0), policy_hash (1), scope (3).
    uint256 private constant FOLDED = (1 << 0) | (1 << 1) | (1 << 3);
    /// @dev medzk dates count days from 1900-01-01; 1970-01-01 is day 25567.
    uint256 private constant UNIX_EPOCH_DAY = 25567;

    /// @notice The policy every proof must be for.
    uint256 public immutable policyHash;
    /// @notice The scope nullifiers are drawn for (one admission per holder).
    uint256 public immutable scope;
    /// @notice How many days before today a proof's reference date may be.
    uint256 public immutable maxAgeDays;
    /// @notice How long a replaced issuer root stays accepted, in seconds.
    uint256 public immutable graceSeconds;
    /// @notice Who may replace the issuer root.
    address public immutable owner;

    /// @notice The trusted issuer root.
    uint256 public issuerRoot;
    /// @notice The root before the last change, accepted before `previousRootExpiry` (a grace of 0 accepts it never).
    uint256 public previousIssuerRoot;
    /// @notice When the previous root stops being accepted (unix seconds).
    uint256 public previousRootExpiry;
    uint256 private rootX;
    uint256 private rootY;
    uint256 private previousX;
    uint256 private previousY;

    /// @notice Nullifiers already admitted.
    mapping(uint256 => bool) public nullifierUsed;

    /// @notice A holder was admitted.
    event Admitted(uint256 indexed nullifier, address indexed submitter, uint256 referenceDate, uint256 revealedHash);
    /// @notice The issuer root changed.
    event IssuerRootChanged(uint256 indexed root, uint256 previousRoot, uint256 previousRootExpiry);

    error NotOwner();
    error CalldataLength();
    error FieldElementOutOfRange();
    error WrongPolicy();
    error WrongScope();
    error UnknownIssuerRoot();
    error ReferenceDateOutOfWindow();
    error WrongChallenge();
    error InvalidProof();
    error NullifierUsed();
    error PrecompileFailed();

    constructor(uint256 policyHash_, uint256 scope_, uint256 issuerRoot_, uint256 maxAgeDays_, uint256 graceSeconds_) {
        if (policyHash_ >= R || scope_ >= R || issuerRoot_ >= R) revert FieldElementOutOfRange();
        policyHash = policyHash_;
        scope = scope_;
        maxAgeDays = maxAgeDays_;
        graceSeconds = graceSeconds_;
        owner = msg.sender;
        issuerRoot = issuerRoot_;
        (rootX, rootY) = _fold(issuerRoot_, policyHash_, scope_);
    }

    /// @notice Replaces the trusted issuer root; the current one stays accepted
    /// for `graceSeconds`.
    function setIssuerRoot(uint256 root) external {
        if (msg.sender != owner) revert NotOwner();
        if (root >= R) revert FieldElementOutOfRange();
        (previousIssuerRoot, previousX, previousY) = (issuerRoot, rootX, rootY);
        previousRootExpiry = block.timestamp + graceSeconds;
        issuerRoot = root;
        (rootX, rootY) = _fold(root, policyHash, scope);
        emit IssuerRootChanged(root, previousIssuerRoot, previousRootExpiry);
    }

    /// @notice The challenge a proof submitted by `submitter` must carry: it
    /// binds the proof to this chain, this gate and its submitter, so a proof
    /// seen in the mempool cannot be submitted by anyone else.
    function challengeFor(address submitter) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), submitter))) % R;
    }

    /// @notice Verifies a submission from the caller and admits its holder.
    function submit(uint256[8] calldata proof, uint256[7] calldata input) external {
        _check(proof, input);
        uint256 nullifier = input[4];
        if (nullifierUsed[nullifier]) revert NullifierUsed();
        nullifierUsed[nullifier] = true;
        emit Admitted(nullifier, msg.sender, input[2], input[6]);
    }

    /// @notice Every check `submit` makes but the nullifier's, as a view for
    /// the caller (reverts with the reason a submission would be refused).
    function checkSubmission(uint256[8] calldata proof, uint256[7] calldata input) external view {
        _check(proof, input);
    }

    function _check(uint256[8] calldata proof, uint256[7] calldata input) private view {
        if (msg.data.length != CALLDATA_LENGTH) revert CalldataLength();
        if (!_inputsInField(input)) revert FieldElementOutOfRange();
        if (input[1] != policyHash) revert WrongPolicy();
        if (input[3] != scope) revert WrongScope();
        uint256 x;
        uint256 y;
        if (input[0] == issuerRoot) {
            (x, y) = (rootX, rootY);
        } else if (input[0] == previousIssuerRoot && block.timestamp < previousRootExpiry) {
            (x, y) = (previousX, previousY);
        } else {
            revert UnknownIssuerRoot();
        }
        uint256 today = block.timestamp / 1 days + UNIX_EPOCH_DAY;
        uint256 date = input[2];
        // One day ahead is allowed for time zones.
        if (date > today + 1 || (date < today && today - date > maxAgeDays)) revert ReferenceDateOutOfWindow();
        if (input[5] != challengeFor(msg.sender)) revert WrongChallenge();
        if (!_verify(proof, input, x, y, FOLDED)) revert InvalidProof();
    }

    /// @dev IC_0 + root * IC_1 + policy * IC_2 + scope * IC_4.
    function _fold(uint256 root, uint256 policy, uint256 scope_) private view returns (uint256 x, uint256 y) {
        (x, y) = _ic(0);
        bool ok;
        bool step;
        (uint256 px, uint256 py) = _ic(1);
        (x, y, ok) = _mulAdd(x, y, px, py, root);
        (px, py) = _ic(2);
        (x, y, step) = _mulAdd(x, y, px, py, policy);
        ok = ok && step;
        (px, py) = _ic(4);
        (x, y, step) = _mulAdd(x, y, px, py, scope_);
        if (!(ok && step)) revert PrecompileFailed();
    }
}
