package dev.questlog.event;

/** Whether an event came with a server key (trusted) or a client key (untrusted game client). */
public enum Trust {
    SERVER("server"),
    CLIENT("client");

    private final String jsonName;

    Trust(String jsonName) {
        this.jsonName = jsonName;
    }

    /** {@code server} or {@code client}, as in the stored event JSON. */
    public String jsonName() {
        return jsonName;
    }

    public static Trust fromJsonName(String name) {
        return switch (name) {
            case "server" -> SERVER;
            case "client" -> CLIENT;
            default -> throw new IllegalArgumentException("trust must be \"server\" or \"client\", was \"" + name
                    + "\"");
        };
    }
}
