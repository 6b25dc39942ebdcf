/**
 * The Btrfs send stream (protocol v1, v2, v3) as typed values, byte-compatible with
 * {@code btrfs send} and {@code btrfs receive}; nothing here knows about the kernel.
 *
 * <ul>
 *   <li>{@link dev.ferry.stream.Command}: one record per command;
 *   <li>{@link dev.ferry.stream.StreamReader}: raw or zstd bytes to commands, every defect a
 *       {@link dev.ferry.stream.StreamFormatException} naming the command and its offset;
 *   <li>{@link dev.ferry.stream.StreamWriter}: commands to bytes in the kernel's layout;
 *   <li>{@link dev.ferry.stream.BtrfsCrc32c}: the stream's seed-0 CRC-32C.
 * </ul>
 *
 * <p>The format is described in {@code docs/send-stream-format.md}.
 */
package dev.ferry.stream;
