package dev.questlog.apps;

/**
 * A newly created key: the only moment its secret token is known (only its hash is stored).
 *
 * @param info  the key's listing
 * @param token the secret bearer token to hand to the user
 */
public record IssuedKey(KeyInfo info, String token) {
    @Override
    public String toString() {
        return "IssuedKey[" + info + ", token=<secret>]";
    }
}
