package dev.fixline.limits;

/**
 * A JVM that loses a thread to a real {@link OutOfMemoryError} while another thread keeps it alive, as Tomcat's
 * threads keep Fixline's: run by {@link FatalErrorsTest}. With {@code handler} it installs {@link FatalErrors}
 * first thing, as {@code FixlineApplication.main} does.
 */
public final class OutOfMemoryVictim {

    private OutOfMemoryVictim() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("handler")) {
            FatalErrors.install();
        }
        Thread keeper = new Thread(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "keeps-the-jvm-alive");
        keeper.start();
        Thread victim = new Thread(() -> {
            long[] tooLarge = new long[Integer.MAX_VALUE - 8]; // more than any heap: a real OutOfMemoryError
            System.out.println(tooLarge.length);
        }, "acceptor");
        victim.start();
        victim.join();
        System.out.println("still alive after the OutOfMemoryError");
        System.out.flush();
    }
}
