package dev.fixline.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param from the sender address of mails */
@ConfigurationProperties("fixline.notification")
public record NotificationProperties(@DefaultValue("fixline@localhost") String from) {
}
