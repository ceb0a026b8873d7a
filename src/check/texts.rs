//! The self-check's words, in every language the app speaks. A catalogue of its own, so the
//! students' bundle (which never shows the self-check) does not carry them.

use crate::i18n::Lang;

/// The self-check's catalogue.
pub struct CheckTexts {
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub check_running: &'static str,
    pub check_copy: &'static str,
    pub check_copied: &'static str,
    pub check_passed: &'static str,
    pub check_failed: &'static str,
    pub check_unknown: &'static str,
    pub check_config: &'static str,
    pub check_discovery: &'static str,
    pub check_redirect_uri: &'static str,
    pub check_token: &'static str,
    pub check_profile: &'static str,
    pub check_classes: &'static str,
    pub check_sign_out: &'static str,
    pub check_host: &'static str,
    pub advice_config_valid: &'static str,
    pub advice_config_invalid: &'static str,
    pub advice_discovery_read: &'static str,
    pub advice_discovery_not_needed: &'static str,
    pub advice_discovery_failed: &'static str,
    pub advice_register_redirect_uri: &'static str,
    pub advice_token_accepted: &'static str,
    pub advice_secret_required: &'static str,
    pub advice_deploy_companion: &'static str,
    pub advice_companion_accepted: &'static str,
    pub advice_companion_secret_refused: &'static str,
    pub advice_companion_refused: &'static str,
    pub advice_cors_refused: &'static str,
    pub advice_unreachable: &'static str,
    pub advice_no_answer_in_time: &'static str,
    pub advice_unexpected_answer: &'static str,
    pub advice_api_answers: &'static str,
    pub advice_companion_pass_through: &'static str,
    pub advice_host_good: &'static str,
    pub advice_csp_blocks: &'static str,
    pub advice_no_frame_protection: &'static str,
    pub advice_no_hsts: &'static str,
    pub advice_no_nosniff: &'static str,
    pub advice_page_cached: &'static str,
    pub advice_config_cached: &'static str,
    pub advice_assets_not_cached: &'static str,
    pub advice_shared_origin: &'static str,
    pub advice_provider_sign_out: &'static str,
    pub advice_logout_url_offered: &'static str,
    pub advice_no_logout_url: &'static str,
    pub advice_not_checked: &'static str,
}

impl CheckTexts {
    /// The catalogue for `lang`.
    pub fn of(lang: Lang) -> &'static CheckTexts {
        match lang {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }

    /// Every string with its key (for the completeness test).
    pub fn plain(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("check_title", self.check_title),
            ("check_intro", self.check_intro),
            ("check_running", self.check_running),
            ("check_copy", self.check_copy),
            ("check_copied", self.check_copied),
            ("check_passed", self.check_passed),
            ("check_failed", self.check_failed),
            ("check_unknown", self.check_unknown),
            ("check_config", self.check_config),
            ("check_discovery", self.check_discovery),
            ("check_redirect_uri", self.check_redirect_uri),
            ("check_token", self.check_token),
            ("check_profile", self.check_profile),
            ("check_classes", self.check_classes),
            ("check_sign_out", self.check_sign_out),
            ("check_host", self.check_host),
            ("advice_config_valid", self.advice_config_valid),
            ("advice_config_invalid", self.advice_config_invalid),
            ("advice_discovery_read", self.advice_discovery_read),
            (
                "advice_discovery_not_needed",
                self.advice_discovery_not_needed,
            ),
            ("advice_discovery_failed", self.advice_discovery_failed),
            (
                "advice_register_redirect_uri",
                self.advice_register_redirect_uri,
            ),
            ("advice_token_accepted", self.advice_token_accepted),
            ("advice_secret_required", self.advice_secret_required),
            ("advice_deploy_companion", self.advice_deploy_companion),
            ("advice_companion_accepted", self.advice_companion_accepted),
            (
                "advice_companion_secret_refused",
                self.advice_companion_secret_refused,
            ),
            ("advice_companion_refused", self.advice_companion_refused),
            ("advice_cors_refused", self.advice_cors_refused),
            ("advice_unreachable", self.advice_unreachable),
            ("advice_no_answer_in_time", self.advice_no_answer_in_time),
            ("advice_unexpected_answer", self.advice_unexpected_answer),
            ("advice_api_answers", self.advice_api_answers),
            (
                "advice_companion_pass_through",
                self.advice_companion_pass_through,
            ),
            ("advice_host_good", self.advice_host_good),
            ("advice_csp_blocks", self.advice_csp_blocks),
            (
                "advice_no_frame_protection",
                self.advice_no_frame_protection,
            ),
            ("advice_no_hsts", self.advice_no_hsts),
            ("advice_no_nosniff", self.advice_no_nosniff),
            ("advice_page_cached", self.advice_page_cached),
            ("advice_config_cached", self.advice_config_cached),
            ("advice_assets_not_cached", self.advice_assets_not_cached),
            ("advice_shared_origin", self.advice_shared_origin),
            ("advice_provider_sign_out", self.advice_provider_sign_out),
            ("advice_logout_url_offered", self.advice_logout_url_offered),
            ("advice_no_logout_url", self.advice_no_logout_url),
            ("advice_not_checked", self.advice_not_checked),
        ]
    }
}

static EN: CheckTexts = CheckTexts {
    check_title: "Deployment self-check",
    check_intro: "For the person deploying this page: each line says whether it works from this address, and what to do if not. No student account is needed, and no real credential is sent.",
    check_running: "Checking…",
    check_copy: "Copy report",
    check_copied: "Report copied.",
    check_passed: "passed",
    check_failed: "failed",
    check_unknown: "could not tell",
    check_config: "config.json",
    check_discovery: "Discovery",
    check_redirect_uri: "Redirect URI",
    check_token: "Token endpoint",
    check_profile: "Profile API",
    check_classes: "Classes API",
    check_sign_out: "Sign-out on shared devices",
    check_host: "This page's web server",
    advice_config_valid: "config.json is valid. These are the values in use:",
    advice_config_invalid: "config.json cannot be used. Fix the key named below; the other checks need it.",
    advice_discovery_read: "The provider's discovery document was read, its issuer matches and its endpoints are https.",
    advice_discovery_not_needed: "Every endpoint is written in config.json: no discovery document is needed.",
    advice_discovery_failed: "The provider's discovery document cannot be used. Check \"issuer\", or write the endpoints in config.json.",
    advice_register_redirect_uri: "This page sends this redirect URI. Register it with ClassLink exactly, character for character.",
    advice_token_accepted: "The token endpoint answers this page and asks for no client secret: students can sign in from this address.",
    advice_secret_required: "This app registration requires a client secret, which a web page cannot keep. Ask ClassLink to register the app as a public client with PKCE (no secret).",
    advice_deploy_companion: "Or deploy the companion beside this page and point \"token_endpoint\" in config.json at it: it adds the client secret, and answers this page's origin only. The deployment guide says how: DEPLOY.md in the release archive (docs/deploy.md), \"When ClassLink wants a secret: the companion\". A companion already in place must list this page's origin in COMPANION_ALLOWED_ORIGINS.",
    advice_companion_accepted: "The token endpoint is the companion: it answers this page (CORS for this origin), and ClassLink, asked through it, refused only the made-up code (invalid_grant), so it accepted the client secret the companion adds. Students can sign in from this address.",
    advice_companion_secret_refused: "The token endpoint is the companion and it answers this page, but ClassLink refused its client credentials (invalid_client): check COMPANION_CLIENT_ID and COMPANION_CLIENT_SECRET (and COMPANION_CLIENT_AUTH).",
    advice_companion_refused: "The token endpoint is the companion, and it refused this page's request itself (its reason is below), so nothing reached ClassLink. redirect-uri: COMPANION_REDIRECT_URIS must name this page's redirect URI exactly; client-id: COMPANION_CLIENT_ID must equal config.json's client_id.",
    advice_cors_refused: "The server is up but refuses requests from this page's address (CORS). Ask for this origin to be allowed, or point the endpoint at a district proxy.",
    advice_unreachable: "The server could not be reached (name, network or certificate). Check the URL and the network.",
    advice_no_answer_in_time: "The server took the request but did not answer in time (15 s). Students would wait for it too: check the server.",
    advice_unexpected_answer: "The answer was not one this check knows. Look at the details below.",
    advice_api_answers: "The API answers this page (CORS allows this origin).",
    advice_companion_pass_through: "The companion's pass-through is such a proxy: set COMPANION_API_PREFIXES (for ClassLink, https://nodeapi.classlink.com/v2/) and point this endpoint at <companion>/api/HOST/PATH (DEPLOY.md in the release archive, \"When ClassLink wants a secret: the companion\").",
    advice_host_good: "The web server sends every header that matters, with the right caching.",
    advice_csp_blocks: "The server's Content-Security-Policy header blocks an endpoint the app needs (listed below). Add it to connect-src.",
    advice_no_frame_protection: "No frame protection: add frame-ancestors 'none' to the Content-Security-Policy header (or X-Frame-Options: DENY).",
    advice_no_hsts: "No Strict-Transport-Security header on https.",
    advice_no_nosniff: "No X-Content-Type-Options: nosniff header.",
    advice_page_cached: "index.html may be cached: send Cache-Control: no-cache for it, or students may keep an old version.",
    advice_config_cached: "config.json may be cached: send Cache-Control: no-cache for it, or a change may not reach students.",
    advice_assets_not_cached: "The hashed files (.wasm, .js, .css) are not cached for long: send Cache-Control: public, max-age=31536000, immutable for them.",
    advice_shared_origin: "This page is on a shared host name: every other site of the same owner there runs on the same origin, with access to this app's storage and sign-out messages. Put the app on a host name of its own (for GitHub Pages, a custom domain).",
    advice_provider_sign_out: "The provider ends its own session when a student signs out here.",
    advice_logout_url_offered: "The provider cannot end its own session from here, so the signed-out screen offers this logout_url as \"Sign out of ClassLink\".",
    advice_no_logout_url: "After signing out here, the ClassLink session on the device stays open, and the next student who presses Sign in may be signed in as the last one. On shared devices, set \"logout_url\" in config.json (for ClassLink, https://launchpad.classlink.com/logout), so the signed-out screen offers to sign out of ClassLink too.",
    advice_not_checked: "Not checked: config.json must be valid first.",
};

static ES: CheckTexts = CheckTexts {
    check_title: "Autocomprobación de la instalación",
    check_intro: "Para quien instala esta página: cada línea dice si funciona desde esta dirección y qué hacer si no. No hace falta una cuenta de estudiante y no se envía ninguna credencial real.",
    check_running: "Comprobando…",
    check_copy: "Copiar informe",
    check_copied: "Informe copiado.",
    check_passed: "correcto",
    check_failed: "con errores",
    check_unknown: "no se pudo saber",
    check_config: "config.json",
    check_discovery: "Descubrimiento",
    check_redirect_uri: "URI de redirección",
    check_token: "Servicio de tokens",
    check_profile: "API del perfil",
    check_classes: "API de las clases",
    check_sign_out: "Cerrar sesión en equipos compartidos",
    check_host: "El servidor web de esta página",
    advice_config_valid: "config.json es válido. Estos son los valores en uso:",
    advice_config_invalid: "config.json no se puede usar. Corrige la clave indicada abajo; las demás comprobaciones la necesitan.",
    advice_discovery_read: "Se leyó el documento de descubrimiento del proveedor: su emisor coincide y sus direcciones son https.",
    advice_discovery_not_needed: "Todas las direcciones están escritas en config.json: no hace falta el documento de descubrimiento.",
    advice_discovery_failed: "El documento de descubrimiento del proveedor no se puede usar. Revisa \"issuer\" o escribe las direcciones en config.json.",
    advice_register_redirect_uri: "Esta página envía esta URI de redirección. Regístrala en ClassLink exactamente igual, carácter por carácter.",
    advice_token_accepted: "El servicio de tokens responde a esta página y no pide un secreto de cliente: los estudiantes pueden iniciar sesión desde esta dirección.",
    advice_secret_required: "Este registro de la aplicación exige un secreto de cliente, que una página web no puede guardar. Pide a ClassLink que registre la aplicación como cliente público con PKCE (sin secreto).",
    advice_deploy_companion: "O instala el acompañante (companion) junto a esta página y apunta \"token_endpoint\" de config.json a él: añade el secreto de cliente y solo responde al origen de esta página. La guía de instalación explica cómo: DEPLOY.md en el archivo de la versión (docs/deploy.md), \"When ClassLink wants a secret: the companion\". Un acompañante ya instalado debe incluir el origen de esta página en COMPANION_ALLOWED_ORIGINS.",
    advice_companion_accepted: "El servicio de tokens es el acompañante (companion): responde a esta página (CORS para este origen) y ClassLink, consultado a través de él, solo rechazó el código inventado (invalid_grant), así que aceptó el secreto de cliente que añade el acompañante. Los estudiantes pueden iniciar sesión desde esta dirección.",
    advice_companion_secret_refused: "El servicio de tokens es el acompañante (companion) y responde a esta página, pero ClassLink rechazó sus credenciales de cliente (invalid_client): revisa COMPANION_CLIENT_ID y COMPANION_CLIENT_SECRET (y COMPANION_CLIENT_AUTH).",
    advice_companion_refused: "El servicio de tokens es el acompañante (companion) y rechazó él mismo la solicitud de esta página (el motivo está abajo), así que nada llegó a ClassLink. redirect-uri: COMPANION_REDIRECT_URIS debe nombrar exactamente la URI de redirección de esta página; client-id: COMPANION_CLIENT_ID debe ser igual al client_id de config.json.",
    advice_cors_refused: "El servidor funciona pero rechaza las solicitudes desde la dirección de esta página (CORS). Pide que se permita este origen o apunta la dirección a un proxy del distrito.",
    advice_unreachable: "No se pudo llegar al servidor (nombre, red o certificado). Revisa la URL y la red.",
    advice_no_answer_in_time: "El servidor recibió la solicitud pero no respondió a tiempo (15 s). Los estudiantes también lo esperarían: revisa el servidor.",
    advice_unexpected_answer: "La respuesta no es una que esta comprobación conozca. Mira los detalles abajo.",
    advice_api_answers: "La API responde a esta página (CORS permite este origen).",
    advice_companion_pass_through: "El paso directo del acompañante (companion) es un proxy así: define COMPANION_API_PREFIXES (para ClassLink, https://nodeapi.classlink.com/v2/) y apunta esta dirección a <companion>/api/HOST/RUTA (DEPLOY.md en el archivo de la versión, \"When ClassLink wants a secret: the companion\").",
    advice_host_good: "El servidor web envía todas las cabeceras importantes, con el almacenamiento en caché correcto.",
    advice_csp_blocks: "La cabecera Content-Security-Policy del servidor bloquea una dirección que la aplicación necesita (abajo). Añádela a connect-src.",
    advice_no_frame_protection: "Sin protección contra marcos: añade frame-ancestors 'none' a la cabecera Content-Security-Policy (o X-Frame-Options: DENY).",
    advice_no_hsts: "Falta la cabecera Strict-Transport-Security en https.",
    advice_no_nosniff: "Falta la cabecera X-Content-Type-Options: nosniff.",
    advice_page_cached: "index.html puede quedar en caché: envía Cache-Control: no-cache, o los estudiantes pueden quedarse con una versión antigua.",
    advice_config_cached: "config.json puede quedar en caché: envía Cache-Control: no-cache, o un cambio puede no llegar a los estudiantes.",
    advice_assets_not_cached: "Los archivos con hash (.wasm, .js, .css) no se guardan en caché por mucho tiempo: envía Cache-Control: public, max-age=31536000, immutable.",
    advice_shared_origin: "Esta página está en un nombre de host compartido: todos los demás sitios del mismo dueño allí usan el mismo origen, con acceso al almacenamiento y a los avisos de cierre de sesión de esta aplicación. Pon la aplicación en un nombre de host propio (en GitHub Pages, un dominio personalizado).",
    advice_provider_sign_out: "El proveedor cierra su propia sesión cuando un estudiante cierra sesión aquí.",
    advice_logout_url_offered: "El proveedor no puede cerrar su propia sesión desde aquí, así que la pantalla de sesión cerrada ofrece este logout_url como \"Cerrar sesión en ClassLink\".",
    advice_no_logout_url: "Después de cerrar sesión aquí, la sesión de ClassLink sigue abierta en el equipo, y el siguiente estudiante que pulse Iniciar sesión puede entrar como el anterior. En equipos compartidos, define \"logout_url\" en config.json (para ClassLink, https://launchpad.classlink.com/logout), para que la pantalla de sesión cerrada ofrezca cerrar también la sesión de ClassLink.",
    advice_not_checked: "Sin comprobar: primero config.json debe ser válido.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_translated() {
        let english = CheckTexts::of(Lang::En).plain();
        for lang in Lang::ALL {
            let texts = CheckTexts::of(lang).plain();
            assert_eq!(texts.len(), english.len());
            for ((key, text), (_, en_text)) in texts.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{lang:?}.{key} is empty");
                // A file name is the same in every language.
                if lang != Lang::En && *key != "check_config" {
                    assert_ne!(text, en_text, "{lang:?}.{key} is still English");
                }
            }
        }
    }
}
