package dev.fixline.notification.smtp;

import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** Makes the mail sender's session use the transports that honour {@link MessageEnd}, for smtp and smtps. */
@Component
public class EndAwareTransports implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JavaMailSenderImpl sender) {
            install(sender);
        }
        return bean;
    }

    public static void install(JavaMailSenderImpl sender) {
        Session session = sender.getSession();
        try {
            session.setProvider(new Provider(Provider.Type.TRANSPORT, "smtp", EndAwareSmtpTransport.class.getName(),
                    "Fixline", "1"));
            session.setProvider(new Provider(Provider.Type.TRANSPORT, "smtps", EndAwareSmtpsTransport.class.getName(),
                    "Fixline", "1"));
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("cannot install Fixline's SMTP transports", e);
        }
    }
}
