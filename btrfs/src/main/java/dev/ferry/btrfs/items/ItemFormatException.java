package dev.ferry.btrfs.items;

/** An item body too short or otherwise inconsistent with its layout. */
public class ItemFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ItemFormatException(String message) {
        super(message);
    }
}
